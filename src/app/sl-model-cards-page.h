/* sl-model-cards-page.h: a card for every model of the manifest.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_MODEL_CARDS_PAGE (sl_model_cards_page_get_type ())

G_DECLARE_FINAL_TYPE (SlModelCardsPage, sl_model_cards_page, SL, MODEL_CARDS_PAGE, AdwBin)

GtkWidget *sl_model_cards_page_new    (SlAppContext     *context);
void       sl_model_cards_page_reload (SlModelCardsPage *self);

G_END_DECLS
