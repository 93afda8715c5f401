/* cases_store.c — fault catalogue entries (see fault.h). */
#include "fault.h"

const fault_case fault_cases_store[] = {
	{.name = NULL},
};
