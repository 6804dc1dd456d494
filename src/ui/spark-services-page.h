/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Model Services: the list of services, adding one from a
 * preset, and opening a service's editor as a subpage. */
#pragma once

#include <adwaita.h>

#include "spark-context.h"
#include "spark-provider-editor.h"

G_BEGIN_DECLS

#define SPARK_TYPE_SERVICES_PAGE (spark_services_page_get_type ())
G_DECLARE_FINAL_TYPE (SparkServicesPage, spark_services_page, SPARK, SERVICES_PAGE, AdwPreferencesPage)

SparkContext        *spark_services_page_get_context (SparkServicesPage *self);
void                 spark_services_page_set_context (SparkServicesPage *self,
                                                      SparkContext      *context);
SparkProviderEditor *spark_services_page_open_editor (SparkServicesPage *self,
                                                      SparkProvider     *provider);

G_END_DECLS
