/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI entry point: set up gettext, run the application. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (SparkApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = spark_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
