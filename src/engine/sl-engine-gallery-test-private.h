/* sl-engine-gallery-test-private.h: what the gallery test's two files
 * share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "engine/sl-engine-gallery-test.h"

G_BEGIN_DECLS

SlGalleryTestGroup      *sl_gallery_test_group_new          (const char                *attribute,
                                                             const char                *group);
SlGalleryTestImplicated *sl_gallery_test_implicated_new     (const char                *attribute,
                                                             const char                *group);
void                     sl_gallery_test_result_init_lists  (SlGalleryTestResult       *result);
/* The stored part of the result, as JSON text. */
char                    *sl_gallery_test_result_stored_json (const SlGalleryTestResult *result);

G_END_DECLS
