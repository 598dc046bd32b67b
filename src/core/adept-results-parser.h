/* adept-results-parser.h — Apple's answer to an assign or remove request, read without a tree
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-device-results.h"

G_BEGIN_DECLS

/* The same as adept_json_parse_object() then adept_device_results_new_from_json() (the
 * same results, the same errors, the same guard), in a fifth of the time for the usual
 * answer — {"profile_uuid": …, "devices": {"SERIAL": "SUCCESS", …}} — which libyajl
 * reads straight into the results; any other shape is handed to that slower path. */
AdeptDeviceResults *adept_results_parse_answer (const char  *data,
                                                gsize        len,
                                                GError     **error);

G_END_DECLS
