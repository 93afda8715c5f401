/* survey.c — the survey activity kind (not yet available in this version). */
#include "kind.h"

const kind_ops survey_kind = {0};
