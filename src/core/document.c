/* document.c — the document activity kind (not yet available in this version). */
#include "kind.h"

const kind_ops document_kind = {0};
