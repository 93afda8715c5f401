/* cases_scenario.c — fault catalogue entries (see fault.h). */
#include "fault.h"

const fault_case fault_cases_scenario[] = {
	{.name = NULL},
};
