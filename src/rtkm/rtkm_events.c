// SPDX-License-Identifier: GPL-2.0
/* The one place RTKM's tracepoints are instantiated (see rtkm_events.h). */
#define CREATE_TRACE_POINTS
#include "rtkm_events.h"
