/* board.c — the board activity kind (not yet available in this version). */
#include "kind.h"

const kind_ops board_kind = {0};
