/* sightline-engine.h: everything a front end may use, in one include. The
 * engine is the only layer the app and the command line see; each area has
 * one header, named after the source file(s) that implement it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "engine/sl-engine.h"
#include "engine/sl-engine-accountability.h"
#include "engine/sl-engine-accounts.h"
#include "engine/sl-engine-admin.h"
#include "engine/sl-engine-analyse.h"
#include "engine/sl-engine-authorisation.h"
#include "engine/sl-engine-audit.h"
#include "engine/sl-engine-cases.h"
#include "engine/sl-engine-compare.h"
#include "engine/sl-engine-disclosure.h"
#include "engine/sl-engine-evidence.h"
#include "engine/sl-engine-fairness.h"
#include "engine/sl-engine-faces.h"
#include "engine/sl-engine-frames.h"
#include "engine/sl-engine-galleries.h"
#include "engine/sl-engine-gallery-test.h"
#include "engine/sl-engine-media.h"
#include "engine/sl-engine-members.h"
#include "engine/sl-engine-outcomes.h"
#include "engine/sl-engine-records.h"
#include "engine/sl-engine-recovery.h"
#include "engine/sl-engine-report.h"
#include "engine/sl-engine-retention.h"
#include "engine/sl-engine-review.h"
#include "engine/sl-engine-search.h"
#include "engine/sl-engine-store-copy.h"
#include "engine/sl-engine-within.h"
#include "engine/sl-engine-persons.h"
#include "engine/sl-model-installer.h"
#include "engine/sl-engine-tools.h"
#include "engine/sl-session.h"

/* Wording and file helpers of core that the front ends use as they are:
 * rates and counts in words, media times, temporary trees, the word
 * counts of the text rules (for live hints). */
#include "core/sl-calibration.h"
#include "core/sl-face-label.h"
#include "core/sl-files.h"
#include "core/sl-media-time.h"
#include "core/sl-text.h"
