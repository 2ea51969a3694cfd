// api.h — what a standard-library module needs: the state, objects, tables,
// and the conversions between numbers and strings.
#pragma once

#include "number.h"
#include "object.h"
#include "state.h"
#include "table.h"
