/* sl-application-private.h: what the files of SlApplication share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/sl-application.h"

G_BEGIN_DECLS

void _sl_application_actions_init (SlApplication *self);

G_END_DECLS
