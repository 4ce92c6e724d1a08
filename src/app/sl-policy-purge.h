/* sl-policy-purge.h: purging expired probe data, after a dry run the
 * person confirms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

/* Runs the dry run and shows what would be purged in a dialog over parent;
 * purges when the person confirms. */
void sl_policy_purge_ask (GtkWindow    *parent,
                          SlAppContext *context);

G_END_DECLS
