/* cases_cli.c — fault catalogue entries (see fault.h). */
#include "fault.h"

const fault_case fault_cases_cli[] = {
	{.name = NULL},
};
