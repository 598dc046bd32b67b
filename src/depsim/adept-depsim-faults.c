/* adept-depsim-faults.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include "adept-depsim-faults.h"

struct _AdeptDepsimFaults
{
  GObject parent_instance;
  GQueue  queue;
};

G_DEFINE_FINAL_TYPE (AdeptDepsimFaults, adept_depsim_faults, G_TYPE_OBJECT)

AdeptDepsimFault *
adept_depsim_fault_copy (const AdeptDepsimFault *fault)
{
  AdeptDepsimFault *copy = g_new (AdeptDepsimFault, 1);

  *copy = *fault;
  copy->endpoint = g_strdup (fault->endpoint != NULL ? fault->endpoint : "*");
  copy->body = g_strdup (fault->body);
  copy->count = MAX (fault->count, 1);
  return copy;
}

void
adept_depsim_fault_free (AdeptDepsimFault *fault)
{
  if (fault == NULL)
    return;
  g_free ((char *) fault->endpoint);
  g_free ((char *) fault->body);
  g_free (fault);
}

static void
adept_depsim_faults_finalize (GObject *object)
{
  AdeptDepsimFaults *self = ADEPT_DEPSIM_FAULTS (object);

  g_queue_clear_full (&self->queue, (GDestroyNotify) adept_depsim_fault_free);

  G_OBJECT_CLASS (adept_depsim_faults_parent_class)->finalize (object);
}

static void
adept_depsim_faults_class_init (AdeptDepsimFaultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_faults_finalize;
}

static void
adept_depsim_faults_init (AdeptDepsimFaults *self)
{
  g_queue_init (&self->queue);
}

AdeptDepsimFaults *
adept_depsim_faults_new (void)
{
  return g_object_new (ADEPT_TYPE_DEPSIM_FAULTS, NULL);
}

void
adept_depsim_faults_add (AdeptDepsimFaults      *self,
                         const AdeptDepsimFault *fault)
{
  g_queue_push_tail (&self->queue, adept_depsim_fault_copy (fault));
}

void
adept_depsim_faults_clear (AdeptDepsimFaults *self)
{
  g_queue_clear_full (&self->queue, (GDestroyNotify) adept_depsim_fault_free);
  g_queue_init (&self->queue);
}

AdeptDepsimFault *
adept_depsim_faults_take (AdeptDepsimFaults *self,
                          const char        *path)
{
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      AdeptDepsimFault *fault = l->data;
      AdeptDepsimFault *copy;

      if (!g_str_equal (fault->endpoint, "*") && !g_str_equal (fault->endpoint, path))
        continue;
      copy = adept_depsim_fault_copy (fault);
      copy->count = 1;
      if (--fault->count == 0)
        {
          g_queue_delete_link (&self->queue, l);
          adept_depsim_fault_free (fault);
        }
      return copy;
    }
  return NULL;
}
