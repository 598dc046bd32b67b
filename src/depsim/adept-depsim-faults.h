/* adept-depsim-faults.h — injected failures, consumed request by request
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-depsim.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_DEPSIM_FAULTS (adept_depsim_faults_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsimFaults, adept_depsim_faults, ADEPT, DEPSIM_FAULTS, GObject)

AdeptDepsimFaults *adept_depsim_faults_new   (void);
void               adept_depsim_faults_add   (AdeptDepsimFaults      *self,
                                              const AdeptDepsimFault *fault);
void               adept_depsim_faults_clear (AdeptDepsimFaults      *self);
/* The first fault for this path, counted as used; free with adept_depsim_fault_free(). */
AdeptDepsimFault  *adept_depsim_faults_take  (AdeptDepsimFaults      *self,
                                              const char             *path);

AdeptDepsimFault  *adept_depsim_fault_copy   (const AdeptDepsimFault *fault);
void               adept_depsim_fault_free   (AdeptDepsimFault       *fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptDepsimFault, adept_depsim_fault_free)

G_END_DECLS
