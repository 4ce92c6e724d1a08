/* sl-vision-error.c: the error domain of the vision layer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-vision"

#include "config.h"

#include "vision/sl-vision-error.h"

G_DEFINE_QUARK (sl-vision-error-quark, sl_vision_error)
