#ifndef MMUSPEC_CZ3_SHIM_H
#define MMUSPEC_CZ3_SHIM_H
#include <z3.h>
#endif
