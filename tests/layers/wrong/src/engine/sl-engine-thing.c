/* An engine file may use core: the check must not count this one. */
#include "core/sl-store.h"
