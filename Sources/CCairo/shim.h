#ifndef SPARK_CCAIRO_SHIM_H
#define SPARK_CCAIRO_SHIM_H
#include <cairo.h>
#endif
