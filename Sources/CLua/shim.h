#ifndef SPARK_CLUA_SHIM_H
#define SPARK_CLUA_SHIM_H
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#endif
