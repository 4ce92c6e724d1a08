/* sl-engine.c: the engine context: database, evidence store, audit key,
 * sign-in, and the helpers that make every action audited.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-csv.h"
#include "core/sl-fairness.h"
#include "core/sl-matcher.h"
#include "core/sl-text.h"
#include "core/sl-audit-witness.h"
#include "core/sl-user.h"
#include "analysis/sl-calibrate.h"
#include "engine/sl-engine-private.h"
#include "net/sl-download.h"
#include "vision/sl-vision-error.h"
#include "engine/sl-engine-recovery.h"

G_DEFINE_QUARK (sl-engine-error-quark, sl_engine_error)

struct _SlEngine
{
  GObject          parent_instance;

  char            *db_path;
  char            *local_dir;    /* the desk's own files for this database */
  char            *evidence_dir;
  char            *gallery_dir;       /* the enrolled photos' copies */
  char            *audit_key_path;    /* given by the caller, else the database's */
  GBytes          *audit_key;         /* NULL: the log is not keyed */
  char            *audit_key_id;
  char            *witness_path;      /* the audit head witness */
  char            *recovery_code;     /* made by init, until taken */
  SlStore         *store;
  SlEvidenceStore *evidence;
  SlEvidenceStore *gallery;
  char            *model_dir;         /* NULL: sl_model_dir_default () */

  /* Shared by the threads of one engine. */
  GMutex           lock;
  SlModelManifest *manifest;
  GHashTable      *analysers;         /* embedder id -> SlFaceAnalyser */
  GHashTable      *matrices;          /* gallery id -> SlGalleryMatrix */
};

G_DEFINE_FINAL_TYPE (SlEngine, sl_engine, G_TYPE_OBJECT)

/* helpers */

static char *
details_to_string (JsonObject *details)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) empty = NULL;

  if (details == NULL)
    details = empty = json_object_new ();
  json_node_set_object (node, details);
  return json_to_string (node, FALSE);
}

static gboolean
load_audit_key (SlEngine  *self,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key_id = sl_store_get_meta (self->store, "audit-key-id", &local_error);
  g_autofree char *db_key_path = NULL;
  g_autofree char *found_id = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GBytes) key = NULL;
  const char *path;

  if (key_id == NULL)
    {
      if (!g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (self->audit_key_path != NULL)
        {
          g_autoptr(GBytes) given = sl_audit_key_load (self->audit_key_path, NULL);
          g_autofree char *given_id = given != NULL ? sl_audit_key_id (given) : NULL;

          /* Either the wrong database, or one whose key record was removed
           * (and whose chain was then recomputed without it): never a log
           * to write to as if all were well. */
          g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_STRIPPED,
                       _("The database records no audit key, but an audit key (key id %s) was given: if its "
                         "log was kept under that key, the key's record was stripped from the database and "
                         "its audit log cannot be trusted"),
                       given_id != NULL ? given_id : "?");
          return FALSE;
        }
      return TRUE;
    }

  g_clear_error (&local_error);
  db_key_path = sl_store_get_meta (self->store, "audit-key-path", NULL);
  path = self->audit_key_path != NULL ? self->audit_key_path : db_key_path;
  if (path == NULL)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_KEY,
                   _("The audit log of this database is keyed, and its key file is not given"));
      return FALSE;
    }
  display = g_filename_display_name (path);
  if (!(key = sl_audit_key_load (path, &local_error)))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_KEY,
                   _("The audit log of this database is keyed, but its key cannot be used: %s"),
                   local_error->message);
      return FALSE;
    }
  found_id = sl_audit_key_id (key);
  if (!g_str_equal (found_id, key_id))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_KEY,
                   _("'%s' is not the audit key of this database (its key id is %s, this file's %s)"),
                   display, key_id, found_id);
      return FALSE;
    }
  self->audit_key = g_steal_pointer (&key);
  self->audit_key_id = g_steal_pointer (&found_id);
  return TRUE;
}

static char *
default_witness_path (SlEngine *self)
{
  const char *env = g_getenv ("SIGHTLINE_AUDIT_WITNESS");

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  if (sl_store_path_is_server (self->db_path))
    return g_build_filename (self->local_dir, "audit" SL_AUDIT_WITNESS_SUFFIX, NULL);
  return g_strconcat (self->db_path, SL_AUDIT_WITNESS_SUFFIX, NULL);
}

/* The evidence and the enrolled photos: files beside a database file, or
 * large objects on the server (this desk keeping copies of what it used). */
static gboolean
open_file_stores (SlEngine  *self,
                  GError   **error)
{
  if (sl_store_path_is_server (self->db_path))
    return (self->evidence = sl_evidence_store_new_server (self->evidence_dir, self->db_path, "evidence", error)) &&
           (self->gallery = sl_evidence_store_new_server (self->gallery_dir, self->db_path, "gallery", error));
  return (self->evidence = sl_evidence_store_new (self->evidence_dir, error)) &&
         (self->gallery = sl_evidence_store_new (self->gallery_dir, error));
}

/* A new database's threshold: the score at which the default embedder's
 * measured false-match rate is the policy's target-fmr, when it has a
 * calibration; otherwise the store's default stays. Either way the audit
 * row of the creation says which and why. The floor under it is set the
 * same way at SL_POLICY_FLOOR_FMR. */
static gboolean
set_initial_threshold (SlEngine    *self,
                       SlStore     *store,
                       JsonObject  *details,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SlCalibration) calibration = sl_engine_default_calibration (self, &local_error);
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  g_autoptr(SlPolicy) policy = sl_policy_load (store, error);
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double score = NAN;
  double floor_score = NAN;

  if (policy == NULL)
    return FALSE;
  if (calibration != NULL)
    {
      score = sl_engine_calibrated_score (calibration, policy->target_fmr);
      floor_score = sl_engine_calibrated_score (calibration, SL_POLICY_FLOOR_FMR);
      if (isnan (score))
        g_set_error (&local_error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_INVALID,
                     "the calibration of '%s' does not resolve a false-match rate of %g",
                     sl_calibration_get_model_id (calibration), policy->target_fmr);
    }

  if (!isnan (floor_score))
    {
      g_autofree char *old_floor = NULL;
      g_autofree char *new_floor = NULL;

      g_ascii_formatd (text, sizeof text, "%.3f", floor_score);
      if (!sl_policy_set (store, "threshold-floor", text, &old_floor, &new_floor, error))
        return FALSE;
      json_object_set_double_member (details, "threshold_floor", g_ascii_strtod (new_floor, NULL));
      json_object_set_double_member (details, "threshold_floor_false_match_rate", SL_POLICY_FLOOR_FMR);
    }

  if (isnan (score))
    {
      json_object_set_double_member (details, "threshold", policy->threshold);
      json_object_set_string_member (details, "threshold_basis", "store default");
      json_object_set_string_member (details, "threshold_note", local_error->message);
      return TRUE;
    }

  g_ascii_formatd (text, sizeof text, "%.3f", score);
  if (!sl_policy_set (store, "threshold", text, &old_value, &new_value, error))
    return FALSE;
  json_object_set_double_member (details, "threshold", g_ascii_strtod (new_value, NULL));
  json_object_set_string_member (details, "threshold_basis", "calibration");
  json_object_set_string_member (details, "threshold_model", sl_calibration_get_model_id (calibration));
  json_object_set_double_member (details, "threshold_false_match_rate", policy->target_fmr);
  json_object_set_string_member (details, "threshold_calibration", sl_calibration_get_dataset (calibration));
  json_object_set_string_member (details, "threshold_calibrated_at", sl_calibration_get_created (calibration));
  return TRUE;
}

/* overrides */

static void
sl_engine_dispose (GObject *object)
{
  SlEngine *self = SL_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->analysers, g_hash_table_unref);
  g_clear_pointer (&self->matrices, g_hash_table_unref);

  G_OBJECT_CLASS (sl_engine_parent_class)->dispose (object);
}

static void
sl_engine_finalize (GObject *object)
{
  SlEngine *self = SL_ENGINE (object);

  g_free (self->db_path);
  g_free (self->local_dir);
  g_free (self->evidence_dir);
  g_free (self->gallery_dir);
  g_free (self->audit_key_path);
  g_clear_pointer (&self->audit_key, g_bytes_unref);
  g_free (self->audit_key_id);
  g_free (self->witness_path);
  if (self->recovery_code != NULL)
    explicit_bzero (self->recovery_code, strlen (self->recovery_code));
  g_free (self->recovery_code);
  g_clear_pointer (&self->evidence, sl_evidence_store_free);
  g_clear_pointer (&self->gallery, sl_evidence_store_free);
  g_free (self->model_dir);
  g_clear_pointer (&self->manifest, sl_model_manifest_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sl_engine_parent_class)->finalize (object);
}

static void
sl_engine_class_init (SlEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_engine_dispose;
  object_class->finalize = sl_engine_finalize;
}

static void
sl_engine_init (SlEngine *self)
{
  g_mutex_init (&self->lock);
  self->analysers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->matrices = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) sl_gallery_matrix_unref);
}

/* private API (sl-engine-private.h) */

SlStore *
sl_engine_get_store (SlEngine *self)
{
  return self->store;
}

SlStore *
sl_engine_connect (SlEngine  *self,
                   GError   **error)
{
  SlStore *store = sl_store_open (self->db_path, error);

  if (store != NULL)
    sl_audit_witness_attach (store, sl_engine_get_witness_path (self));
  return store;
}

SlEvidenceStore *
sl_engine_get_evidence (SlEngine *self)
{
  return self->evidence;
}

SlEvidenceStore *
sl_engine_get_gallery_store (SlEngine *self)
{
  return self->gallery;
}

GBytes *
sl_engine_get_audit_key (SlEngine *self)
{
  return self->audit_key;
}

const char *
sl_engine_get_model_dir (SlEngine *self)
{
  g_mutex_lock (&self->lock);
  if (self->model_dir == NULL)
    self->model_dir = sl_model_dir_default ();
  g_mutex_unlock (&self->lock);
  return self->model_dir;
}

SlModelManifest *
sl_engine_get_manifest (SlEngine  *self,
                        GError   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->manifest == NULL)
    self->manifest = sl_model_manifest_load_default (error);
  return self->manifest != NULL ? sl_model_manifest_ref (self->manifest) : NULL;
}

const SlModelInfo *
sl_engine_lookup_embedder (SlEngine         *self,
                           SlModelManifest  *manifest,
                           const char       *embedder_id,
                           GError          **error)
{
  const SlModelInfo *info = embedder_id != NULL ? sl_model_manifest_lookup (manifest, embedder_id)
                                                : sl_model_manifest_get_default (manifest, SL_MODEL_ROLE_EMBEDDER);

  if (info == NULL || info->role != SL_MODEL_ROLE_EMBEDDER)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                   _("There is no embedder '%s' in the model manifest"),
                   embedder_id != NULL ? embedder_id : "(default)");
      return NULL;
    }
  return info;
}

SlFaceAnalyser *
sl_engine_get_analyser (SlEngine    *self,
                        const char  *embedder_id,
                        GError     **error)
{
  g_autoptr(SlModelManifest) manifest = sl_engine_get_manifest (self, error);
  const char *model_dir = sl_engine_get_model_dir (self);
  const SlModelInfo *info;
  SlFaceAnalyser *analyser;

  if (manifest == NULL || !(info = sl_engine_lookup_embedder (self, manifest, embedder_id, error)))
    return NULL;
  g_mutex_lock (&self->lock);
  analyser = g_hash_table_lookup (self->analysers, info->id);
  if (analyser != NULL)
    {
      g_object_ref (analyser);
      g_mutex_unlock (&self->lock);
      return analyser;
    }
  g_mutex_unlock (&self->lock);

  /* Loaded outside the lock: it takes a while, and a second load racing it
   * is only wasted work. */
  if (!(analyser = sl_face_analyser_new (manifest, model_dir, info->id, error)))
    return NULL;
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->analysers, g_strdup (info->id), g_object_ref (analyser));
  g_mutex_unlock (&self->lock);
  return analyser;
}

SlCalibration *
sl_engine_get_calibration (SlEngine    *self,
                           const char  *model_id,
                           const char  *model_sha256,
                           GError     **error)
{
  g_autoptr(SlModelManifest) manifest = sl_engine_get_manifest (self, error);
  const SlModelInfo *info;
  SlModelInfo pinned;

  if (manifest == NULL || !(info = sl_engine_lookup_embedder (self, manifest, model_id, error)))
    return NULL;
  /* The calibration must have been measured on the very file the faces were
   * embedded with, whatever the manifest says today. */
  pinned = *info;
  pinned.sha256 = (char *) model_sha256;
  return sl_calibration_find (&pinned, sl_engine_get_model_dir (self), error);
}

SlGalleryMatrix *
sl_engine_get_matrix (SlEngine      *self,
                      SlStore       *store,
                      gint64         gallery_id,
                      gint64         generation,
                      gboolean      *loaded,
                      GCancellable  *cancellable,
                      GError       **error)
{
  SlGalleryMatrix *matrix;

  *loaded = FALSE;
  g_mutex_lock (&self->lock);
  matrix = g_hash_table_lookup (self->matrices, &gallery_id);
  if (matrix != NULL && sl_gallery_matrix_get_generation (matrix) == generation)
    {
      sl_gallery_matrix_ref (matrix);
      g_mutex_unlock (&self->lock);
      return matrix;
    }
  if (matrix != NULL && sl_gallery_matrix_get_generation (matrix) < generation)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean extended = FALSE;

      /* Someone enrolled (on a server, perhaps at another desk): only the
       * new rows are read, and searches stay exact. */
      sl_gallery_matrix_ref (matrix);
      g_mutex_unlock (&self->lock);
      if (sl_gallery_matrix_extend (matrix, store, cancellable, &extended, &local_error) && extended &&
          sl_gallery_matrix_get_generation (matrix) >= generation)
        {
          *loaded = TRUE;
          return matrix;
        }
      if (local_error != NULL)
        g_debug ("Gallery %" G_GINT64_FORMAT " not extended: %s", gallery_id, local_error->message);
      g_mutex_lock (&self->lock);
      if (g_hash_table_lookup (self->matrices, &gallery_id) == matrix)
        g_hash_table_remove (self->matrices, &gallery_id);
      g_mutex_unlock (&self->lock);
      sl_gallery_matrix_unref (matrix);
    }
  else
    {
      /* Stale: dropped now, so that it is not kept while the new one loads. */
      g_hash_table_remove (self->matrices, &gallery_id);
      g_mutex_unlock (&self->lock);
    }

  if (!(matrix = sl_gallery_matrix_load (store, gallery_id, 0, cancellable, error)))
    return NULL;
  *loaded = TRUE;
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->matrices, g_memdup2 (&gallery_id, sizeof gallery_id),
                        sl_gallery_matrix_ref (matrix));
  g_mutex_unlock (&self->lock);
  return matrix;
}

gboolean
sl_engine_audit (SlEngine            *self,
                 SlStore             *store,
                 SlSession           *session,
                 const SlAuditEntry  *entry,
                 SlAuditOutcome       outcome,
                 GError             **error)
{
  g_autofree char *details = details_to_string (entry->details);
  SlAuditRecord record = {
    .actor_id = session != NULL ? sl_session_get_user_id (session) : 0,
    .actor = session != NULL ? sl_session_get_username (session) : NULL,
    .action = entry->action,
    .object_type = entry->object_type,
    .object_id = entry->object_id,
    .case_number = entry->case_number,
    .outcome = sl_audit_outcome_to_string (outcome),
    .details = details,
  };

  return sl_audit_append (store, self->audit_key, &record, NULL, NULL, error);
}

static void
write_alone (SlEngine           *self,
             SlStore            *store,
             SlSession          *session,
             const SlAuditEntry *entry,
             SlAuditOutcome      outcome)
{
  g_autoptr(GError) error = NULL;

  if (!sl_store_begin (store, &error) ||
      !sl_engine_audit (self, store, session, entry, outcome, &error) ||
      !sl_engine_commit (store, &error))
    g_warning ("Cannot write the audit row for %s: %s", entry->action, error->message);
}

gboolean
sl_engine_authorize (SlEngine            *self,
                     SlStore             *store,
                     SlSession           *session,
                     SlPermission             action,
                     const SlAuditEntry  *entry,
                     GError             **error)
{
  g_autoptr(JsonObject) details = NULL;
  g_autofree char *reason = NULL;
  SlAuditEntry refused;

  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);

  if (sl_session_may (session, action))
    return TRUE;

  reason = g_strdup_printf (_("the %s role may not %s"),
                            sl_role_to_string (sl_session_get_role (session)),
                            sl_permission_describe (action));
  details = entry->details != NULL ? json_object_ref (entry->details) : json_object_new ();
  json_object_set_string_member (details, "reason", reason);
  json_object_set_string_member (details, "role", sl_role_to_string (sl_session_get_role (session)));
  refused = *entry;
  refused.details = details;
  write_alone (self, store, session, &refused, SL_AUDIT_REFUSED);

  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
               _("Refused: user '%s' has the role %s, which may not %s"),
               sl_session_get_username (session), sl_role_to_string (sl_session_get_role (session)),
               sl_permission_describe (action));
  return FALSE;
}

void
sl_engine_audit_failure (SlEngine           *self,
                         SlStore            *store,
                         SlSession          *session,
                         const SlAuditEntry *entry,
                         const GError       *why)
{
  g_autoptr(JsonObject) details = entry->details != NULL ? json_object_ref (entry->details)
                                                         : json_object_new ();
  SlAuditEntry failed = *entry;
  gboolean refused = g_error_matches (why, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED);

  sl_store_rollback (store);
  json_object_set_string_member (details, "reason", why->message);
  failed.details = details;
  write_alone (self, store, session, &failed, refused ? SL_AUDIT_REFUSED : SL_AUDIT_FAILED);
}

gboolean
sl_engine_commit (SlStore  *store,
                  GError  **error)
{
  if (sl_store_commit (store, error))
    return TRUE;
  sl_store_rollback (store);
  return FALSE;
}

void
sl_engine_propagate (GError **dest,
                     GError  *src)
{
  g_propagate_error (dest, src);
  sl_engine_error_normalize (dest);
}

static SlSession *
sign_in_with (SlEngine    *self,
              SlStore     *store,
              const char  *username,
              const char  *password,
              GError     **error)
{
  g_autoptr(SlUser) user = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  SlAuditEntry entry = { "sign-in", "user", NULL, NULL, details };
  SlAuditOutcome outcome;
  gboolean password_ok;
  guint failed = 0;
  gboolean locked = FALSE;

  if (username != NULL && sl_user_check_name (username, NULL))
    {
      user = sl_user_lookup (store, username, &local_error);
      if (user == NULL && !g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
    }
  /* Always one yescrypt run, so that timing does not tell which names exist. */
  password_ok = sl_password_verify (password != NULL ? password : "", user != NULL ? user->password_hash : NULL);

  if (user != NULL)
    {
      session = sl_session_new (user->id, user->username, user->display_name, user->role);
      entry.object_id = user->username;
    }
  if (!sl_store_begin (store, error))
    return NULL;

  if (user != NULL && user->locked && !user->disabled)
    {
      guint minutes = 0;
      GError *expiry_error = NULL;
      gboolean expired = sl_engine_lockout_expired (store, user, &minutes, &expiry_error);

      if (expiry_error != NULL)
        {
          sl_store_rollback (store);
          g_propagate_error (error, expiry_error);
          return NULL;
        }
      if (expired)
        {
          g_autoptr(JsonObject) unlock_details = json_object_new ();
          SlAuditEntry unlock = { "user.unlock", "user", user->username, NULL, unlock_details };

          /* Recorded as nobody's act: the policy's clock ended it. */
          json_object_set_string_member (unlock_details, "reason", "lockout expired");
          json_object_set_int_member (unlock_details, "lockout_minutes", minutes);
          json_object_set_string_member (unlock_details, "locked_at", user->locked_at);
          if (!sl_user_unlock (store, user->id, error) ||
              !sl_engine_audit (self, store, NULL, &unlock, SL_AUDIT_SUCCESS, error))
            {
              sl_store_rollback (store);
              return NULL;
            }
          user->locked = FALSE;
          user->failed_signins = 0;
        }
    }

  if (user == NULL)
    {
      g_autofree char *shown = sl_store_text_shown (username != NULL ? username : "", 64);
      json_object_set_string_member (details, "username", shown);
      json_object_set_string_member (details, "reason", "unknown user");
      outcome = SL_AUDIT_FAILED;
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_SIGN_IN,
                   _("Cannot sign in: wrong user name or password"));
    }
  else if (user->disabled)
    {
      json_object_set_string_member (details, "reason", "account disabled");
      outcome = SL_AUDIT_REFUSED;
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_SIGN_IN,
                   _("Cannot sign in: the account '%s' is disabled"), user->username);
    }
  else if (user->locked && user->role == SL_ROLE_ADMIN)
    {
      json_object_set_string_member (details, "reason", "account locked");
      outcome = SL_AUDIT_REFUSED;
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_SIGN_IN,
                   _("Cannot sign in: the administrator account '%s' is locked after %d failed sign-ins; "
                     "the lockout ends after the minutes the policy sets, another administrator can "
                     "unlock it, or on this machine the recovery code can"),
                   user->username, SL_USER_MAX_FAILED_SIGNINS);
    }
  else if (user->locked)
    {
      json_object_set_string_member (details, "reason", "account locked");
      outcome = SL_AUDIT_REFUSED;
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_SIGN_IN,
                   _("Cannot sign in: the account '%s' is locked after %d failed sign-ins; an "
                     "administrator must unlock it"),
                   user->username, SL_USER_MAX_FAILED_SIGNINS);
    }
  else if (!password_ok)
    {
      if (!sl_user_record_failure (store, user->id, &failed, &locked, error))
        {
          sl_store_rollback (store);
          return NULL;
        }
      json_object_set_string_member (details, "reason", "wrong password");
      json_object_set_int_member (details, "failed_signins", failed);
      json_object_set_boolean_member (details, "locked", locked);
      outcome = SL_AUDIT_FAILED;
      if (locked)
        g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_SIGN_IN,
                     _("Cannot sign in: wrong user name or password; after %u failed sign-ins in a "
                       "row the account '%s' is now locked until an administrator unlocks it"),
                     failed, user->username);
      else
        g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_SIGN_IN,
                     _("Cannot sign in: wrong user name or password"));
    }
  else
    {
      if (!sl_user_reset_failures (store, user->id, error))
        {
          sl_store_rollback (store);
          return NULL;
        }
      json_object_set_string_member (details, "role", sl_role_to_string (user->role));
      outcome = SL_AUDIT_SUCCESS;
    }

  /* A failed attempt is recorded under the account it tried, but not as
   * that user acting: the actor is nobody. */
  if (!sl_engine_audit (self, store, outcome == SL_AUDIT_SUCCESS ? session : NULL, &entry,
                        outcome, error) ||
      !sl_engine_commit (store, error))
    {
      sl_store_rollback (store);
      return NULL;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&session);
}

typedef struct
{
  char *username;
  char *password;
} SignInTask;

static void
sign_in_task_free (gpointer user_data)
{
  SignInTask *data = user_data;

  g_free (data->username);
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static gpointer
sign_in_work (SlEngine      *engine,
              SlStore       *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  SignInTask *data = task_data;

  return sign_in_with (engine, store, data->username, data->password, error);
}

typedef struct
{
  char *db_path;
  char *model_dir;
  char *admin_name;
  char *admin_display_name;
  char *admin_password;
  char *audit_key_path;
  char *witness_path;
  char *recovery_code;       /* what init made, for the caller's engine */
} InitTask;

static void
init_task_free (gpointer user_data)
{
  InitTask *data = user_data;

  g_free (data->db_path);
  g_free (data->model_dir);
  g_free (data->admin_name);
  g_free (data->admin_display_name);
  if (data->admin_password != NULL)
    explicit_bzero (data->admin_password, strlen (data->admin_password));
  g_free (data->admin_password);
  g_free (data->audit_key_path);
  g_free (data->witness_path);
  if (data->recovery_code != NULL)
    explicit_bzero (data->recovery_code, strlen (data->recovery_code));
  g_free (data->recovery_code);
  g_free (data);
}

/* The one use case with no database to connect to yet: the worker makes it
 * through an engine of its own, and the caller's engine opens it after. */
static void
init_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  InitTask *data = task_data;
  g_autoptr(SlEngine) worker = sl_engine_new (data->db_path);
  GError *error = NULL;

  sl_engine_set_model_dir (worker, data->model_dir);
  sl_engine_set_witness_path (worker, data->witness_path);
  if (!sl_engine_init_database (worker, data->admin_name, data->admin_display_name, data->admin_password,
                                data->audit_key_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data->recovery_code = sl_engine_take_recovery_code (worker);
  g_task_return_boolean (task, TRUE);
}

/* public API */

void
sl_engine_error_normalize (GError **error)
{
  GError *e;
  SlEngineError code = SL_ENGINE_ERROR_FAILED;

  if (error == NULL || (e = *error) == NULL || e->domain == SL_ENGINE_ERROR ||
      g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (e->domain == SL_STORE_ERROR)
    switch ((SlStoreError) e->code)
      {
      case SL_STORE_ERROR_NOT_FOUND:    code = SL_ENGINE_ERROR_NOT_FOUND; break;
      case SL_STORE_ERROR_EXISTS:       code = SL_ENGINE_ERROR_EXISTS; break;
      case SL_STORE_ERROR_NOT_OWNER:    code = SL_ENGINE_ERROR_REFUSED; break;
      case SL_STORE_ERROR_INVALID:
      case SL_STORE_ERROR_CONSTRAINT:   code = SL_ENGINE_ERROR_INVALID; break;
      case SL_STORE_ERROR_FULL:         code = SL_ENGINE_ERROR_DISK_FULL; break;
      case SL_STORE_ERROR_FAILED:
      case SL_STORE_ERROR_NOT_SIGHTLINE:
      case SL_STORE_ERROR_TOO_NEW:
      case SL_STORE_ERROR_CORRUPT:
      case SL_STORE_ERROR_BUSY:
      case SL_STORE_ERROR_IO:
      case SL_STORE_ERROR_SERVER:
      default:                          code = SL_ENGINE_ERROR_STORAGE; break;
      }
  else if (e->domain == SL_VISION_ERROR)
    switch ((SlVisionError) e->code)
      {
      case SL_VISION_ERROR_NOT_IMAGE:
      case SL_VISION_ERROR_TRUNCATED:
      case SL_VISION_ERROR_TOO_LARGE:
      case SL_VISION_ERROR_DECODE:
      case SL_VISION_ERROR_EMPTY:
      case SL_VISION_ERROR_NOT_VIDEO:   code = SL_ENGINE_ERROR_BAD_INPUT; break;
      case SL_VISION_ERROR_NO_FACE:     code = SL_ENGINE_ERROR_NO_FACE; break;
      case SL_VISION_ERROR_MODEL:
      case SL_VISION_ERROR_MODEL_HASH:
      case SL_VISION_ERROR_MANIFEST:    code = SL_ENGINE_ERROR_MODEL; break;
      case SL_VISION_ERROR_INTERNAL:
      default:                          code = SL_ENGINE_ERROR_FAILED; break;
      }
  else if (e->domain == SL_NET_ERROR)
    code = e->code == SL_NET_ERROR_UNSUPPORTED_URL ? SL_ENGINE_ERROR_INVALID
         : e->code == SL_NET_ERROR_IO ? SL_ENGINE_ERROR_STORAGE
         : SL_ENGINE_ERROR_NETWORK;
  else if (e->domain == SL_CSV_ERROR || e->domain == SL_AUDIT_WITNESS_ERROR)
    code = SL_ENGINE_ERROR_BAD_INPUT;
  else if (e->domain == SL_FAIRNESS_ERROR)
    code = e->code == SL_FAIRNESS_ERROR_LABELS || e->code == SL_FAIRNESS_ERROR_INVALID
         ? SL_ENGINE_ERROR_BAD_INPUT : SL_ENGINE_ERROR_MODEL;
  else if (e->domain == SL_CALIBRATION_ERROR || e->domain == SL_MODEL_INSTALL_ERROR)
    code = e->code == SL_MODEL_INSTALL_ERROR_UNKNOWN_MODEL && e->domain == SL_MODEL_INSTALL_ERROR
         ? SL_ENGINE_ERROR_NOT_FOUND : SL_ENGINE_ERROR_MODEL;
  else if (e->domain == SL_MATCHER_ERROR)
    code = e->code == SL_MATCHER_ERROR_INVALID ? SL_ENGINE_ERROR_INVALID : SL_ENGINE_ERROR_STORAGE;
  else if (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
           g_error_matches (e, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    code = SL_ENGINE_ERROR_DISK_FULL;
  else if (e->domain == G_FILE_ERROR || e->domain == G_IO_ERROR)
    code = SL_ENGINE_ERROR_BAD_INPUT;

  e->domain = SL_ENGINE_ERROR;
  e->code = code;
}

char *
sl_engine_default_data_dir (void)
{
  const char *env = g_getenv ("SIGHTLINE_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "sightline", NULL);
}

SlEngine *
sl_engine_new (const char *db_path)
{
  SlEngine *self = g_object_new (SL_TYPE_ENGINE, NULL);
  g_autofree char *dir = NULL;

  if (db_path != NULL && sl_store_path_is_server (db_path))
    {
      /* A server's URI stays as given (libpq reads it). What a desk keeps
       * of its own (copies of the evidence it reads, its audit witness) is
       * in a folder per server under the data folder. */
      g_autofree char *data_dir = sl_engine_default_data_dir ();
      g_autofree char *server = sl_store_server_name (db_path);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server, -1);
      g_autofree char *name = g_strndup (digest, 16);

      self->db_path = g_strdup (db_path);
      dir = g_build_filename (data_dir, "servers", name, NULL);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_message ("Cannot create the folder '%s': %s", dir, g_strerror (errno));
    }
  else if (db_path != NULL)
    self->db_path = g_canonicalize_filename (db_path, NULL);
  else
    {
      g_autofree char *data_dir = sl_engine_default_data_dir ();
      g_autofree char *path = g_build_filename (data_dir, "sightline.db", NULL);
      self->db_path = g_canonicalize_filename (path, NULL);
    }
  if (dir == NULL)
    dir = g_path_get_dirname (self->db_path);
  self->local_dir = g_strdup (dir);
  self->evidence_dir = g_build_filename (dir, "evidence", NULL);
  self->gallery_dir = g_build_filename (dir, "gallery-photos", NULL);
  self->witness_path = default_witness_path (self);
  return self;
}

const char *
sl_engine_get_db_path (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return self->db_path;
}

gboolean
sl_engine_is_server (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  return sl_store_path_is_server (self->db_path);
}

gboolean
sl_engine_galleries_changed_elsewhere (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  return self->store != NULL && sl_store_take_gallery_notice (self->store);
}

char *
sl_engine_get_db_display_name (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (self->store != NULL)
    return g_strdup (sl_store_get_display_name (self->store));
  if (sl_store_path_is_server (self->db_path))
    return sl_store_server_name (self->db_path);
  return g_filename_display_name (self->db_path);
}

const char *
sl_engine_get_evidence_dir (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return self->evidence_dir;
}

void
sl_engine_set_audit_key_path (SlEngine   *self,
                              const char *path)
{
  g_return_if_fail (SL_IS_ENGINE (self));
  g_free (self->audit_key_path);
  self->audit_key_path = path != NULL ? g_canonicalize_filename (path, NULL) : NULL;
}

gboolean
sl_engine_is_audit_keyed (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  return self->audit_key != NULL;
}

void
sl_engine_set_recovery_code (SlEngine *self,
                             char     *code)
{
  g_free (self->recovery_code);
  self->recovery_code = code;
}

char *
sl_engine_take_recovery_code (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return g_steal_pointer (&self->recovery_code);
}

const char *
sl_engine_get_audit_key_id (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return self->audit_key_id;
}

void
sl_engine_set_witness_path (SlEngine   *self,
                            const char *path)
{
  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (self->store == NULL);
  g_free (self->witness_path);
  self->witness_path = path != NULL ? g_canonicalize_filename (path, NULL) : default_witness_path (self);
}

const char *
sl_engine_get_witness_path (SlEngine *self)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return self->witness_path;
}

void
sl_engine_set_model_dir (SlEngine   *self,
                         const char *dir)
{
  g_return_if_fail (SL_IS_ENGINE (self));
  g_mutex_lock (&self->lock);
  g_free (self->model_dir);
  self->model_dir = dir != NULL ? g_canonicalize_filename (dir, NULL) : NULL;
  g_mutex_unlock (&self->lock);
}

SlSession *
sl_engine_sign_in (SlEngine    *self,
                   const char  *username,
                   const char  *password,
                   GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  return sign_in_with (self, self->store, username, password, error);
}

void
sl_engine_sign_in_async (SlEngine            *self,
                         const char          *username,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignInTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (self->store != NULL);

  data = g_new0 (SignInTask, 1);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  task = sl_engine_task_new (self, sl_engine_sign_in_async, cancellable, callback, user_data);
  sl_engine_task_run (task, sign_in_work, data, sign_in_task_free, g_object_unref);
}

SlSession *
sl_engine_sign_in_finish (SlEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_sign_in_async, error);
}

gboolean
sl_engine_check (SlEngine    *self,
                 SlSession   *session,
                 SlPermission     action,
                 const char  *audit_action,
                 const char  *object_id,
                 GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlAuditEntry entry = { audit_action, NULL, object_id, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (audit_action != NULL, FALSE);

  return sl_engine_authorize (self, self->store, session, action, &entry, error);
}

gboolean
sl_engine_init_database (SlEngine    *self,
                         const char  *admin_name,
                         const char  *admin_display_name,
                         const char  *admin_password,
                         const char  *audit_key_path,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(GBytes) key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *admin_id = NULL;
  g_autofree char *recovery_code = NULL;
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  GError *local_error = NULL;
  gint64 id;
  SlAuditEntry entry = { "store.init", "database", NULL, NULL, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  if (admin_display_name == NULL)
    admin_display_name = admin_name;
  if (!sl_user_check_name (admin_name, &local_error) ||
      !sl_text_check_label (_("display name"), admin_display_name, 200, &local_error) ||
      !sl_password_check (admin_password, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }

  if (audit_key_path != NULL)
    {
      key_path = g_canonicalize_filename (audit_key_path, NULL);
      if (g_file_test (key_path, G_FILE_TEST_EXISTS))
        key = sl_audit_key_load (key_path, error);
      else
        key = sl_audit_key_create (key_path, error);
      if (key == NULL)
        return FALSE;
      key_id = sl_audit_key_id (key);
    }

  /* (An existing database is refused by sl_store_create () below.) */
  if (!sl_store_path_is_server (self->db_path) && !g_file_test (self->db_path, G_FILE_TEST_EXISTS) &&
      g_file_test (self->witness_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (self->witness_path);
      /* Its heads are another log's: this one would never verify against them. */
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("The audit witness '%s' already exists, from an earlier database: move it away "
                     "or name another witness"), display);
      return FALSE;
    }
  if (!(hash = sl_password_hash (admin_password, error)) ||
      !(store = sl_store_create (self->db_path, error)))
    return FALSE;

  sl_audit_witness_attach (store, sl_engine_get_witness_path (self));
  if (!sl_store_begin (store, error))
    goto fail;
  if ((id = sl_user_insert (store, admin_name, admin_display_name, SL_ROLE_ADMIN, hash, 0, error)) == 0)
    goto fail;
  if (key != NULL &&
      (!sl_store_set_meta (store, "audit-key-id", key_id, error) ||
       !sl_store_set_meta (store, "audit-key-path", key_path, error)))
    goto fail;
  if (!(recovery_code = sl_engine_recovery_issue (store, error)))
    goto fail;

  session = sl_session_new (id, admin_name, admin_display_name, SL_ROLE_ADMIN);
  admin_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  json_object_set_string_member (details, "admin", admin_name);
  json_object_set_int_member (details, "schema_version", sl_store_get_schema_version (store));
  json_object_set_string_member (details, "sightline_version", PACKAGE_VERSION);
  json_object_set_boolean_member (details, "audit_keyed", key != NULL);
  if (key_id != NULL)
    json_object_set_string_member (details, "audit_key_id", key_id);
  json_object_set_boolean_member (details, "recovery_code_issued", TRUE);
  self->audit_key = g_steal_pointer (&key);
  self->audit_key_id = g_strdup (key_id);
  if (!set_initial_threshold (self, store, details, error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, error) ||
      !sl_engine_commit (store, error))
    goto fail;

  if (!open_file_stores (self, error))
    return FALSE;
  self->store = g_steal_pointer (&store);
  sl_engine_set_recovery_code (self, g_steal_pointer (&recovery_code));
  return TRUE;

fail:
  /* A database that never got its administrator is no use to anyone:
   * we made it, we remove it. */
  sl_store_rollback (store);
  g_clear_object (&store);
  g_clear_pointer (&self->audit_key, g_bytes_unref);
  g_clear_pointer (&self->audit_key_id, g_free);
  /* (On a server the tables stay, empty of accounts: a second init is
   * refused there, and the administrator drops the database.) */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes) && !sl_store_path_is_server (self->db_path); i++)
    {
      g_autofree char *p = g_strconcat (self->db_path, suffixes[i], NULL);
      g_remove (p);
    }
  return FALSE;
}

void
sl_engine_init_database_async (SlEngine            *self,
                               const char          *admin_name,
                               const char          *admin_display_name,
                               const char          *admin_password,
                               const char          *audit_key_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InitTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (self->store == NULL);

  data = g_new0 (InitTask, 1);
  data->db_path = g_strdup (self->db_path);
  data->model_dir = g_strdup (sl_engine_get_model_dir (self));
  data->admin_name = g_strdup (admin_name);
  data->admin_display_name = g_strdup (admin_display_name);
  data->admin_password = g_strdup (admin_password);
  data->audit_key_path = g_strdup (audit_key_path);
  data->witness_path = g_strdup (sl_engine_get_witness_path (self));
  task = sl_engine_task_new (self, sl_engine_init_database_async, cancellable, callback, user_data);
  g_task_set_task_data (task, data, init_task_free);
  g_task_run_in_thread (task, init_thread);
}

gboolean
sl_engine_init_database_finish (SlEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  GError *local_error = NULL;
  InitTask *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (!sl_engine_open (self, error))
    return FALSE;
  /* Shown once, by whoever asked for the database. */
  data = g_task_get_task_data (G_TASK (result));
  sl_engine_set_recovery_code (self, g_steal_pointer (&data->recovery_code));
  return TRUE;
}

gboolean
sl_engine_open (SlEngine  *self,
                GError   **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  if (self->store != NULL)
    return TRUE;
  if (!(self->store = sl_store_open (self->db_path, error)))
    return FALSE;
  sl_audit_witness_attach (self->store, sl_engine_get_witness_path (self));
  if (!load_audit_key (self, error) ||
      !open_file_stores (self, error) ||
      !sl_engine_gallery_store_copies (self, self->store, error))
    {
      g_clear_pointer (&self->evidence, sl_evidence_store_free);
      g_clear_pointer (&self->gallery, sl_evidence_store_free);
      g_clear_object (&self->store);
      return FALSE;
    }
  return TRUE;
}


SlCalibration *
sl_engine_default_calibration (SlEngine  *self,
                               GError   **error)
{
  g_autoptr(SlModelManifest) manifest = sl_engine_get_manifest (self, error);
  const SlModelInfo *info;

  if (manifest == NULL || !(info = sl_engine_lookup_embedder (self, manifest, NULL, error)))
    return NULL;
  return sl_calibration_find (info, sl_engine_get_model_dir (self), error);
}

double
sl_engine_calibrated_score (SlCalibration *calibration,
                            double         rate)
{
  gboolean beyond = FALSE;
  double score = sl_calibration_score_at_rate (calibration, rate, &beyond);

  if (beyond)
    return NAN;
  return round (score * 1000.0) / 1000.0;
}
