/* adept-demo-private.h — for tests: the simulator behind the demo
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-demo.h"
#include "adept-depsim.h"

G_BEGIN_DECLS

AdeptDepsim *adept_demo_get_simulator (AdeptDemo *self);

G_END_DECLS
