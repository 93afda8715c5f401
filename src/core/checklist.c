/* checklist.c — the checklist activity kind (not yet available in this version). */
#include "kind.h"

const kind_ops checklist_kind = {0};
