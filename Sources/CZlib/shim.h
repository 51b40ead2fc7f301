#ifndef SPARK_CZLIB_SHIM_H
#define SPARK_CZLIB_SHIM_H
#include <zlib.h>
#endif
