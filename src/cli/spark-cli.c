/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli: the headless front end over the same core as the app. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

enum
{
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_SERVICE = 3,
  EXIT_BAD_INPUT = 4,
  EXIT_INTERRUPTED = 130,
};

int
main (int   argc,
      char *argv[])
{
  gboolean version = FALSE;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_ ("COMMAND …"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("spark-cli: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (version)
    {
      g_print ("spark-cli %s\n", VERSION);
      return EXIT_OK;
    }

  g_printerr ("spark-cli: %s\n", _ ("No command given. Try “spark-cli --help”."));
  return EXIT_USAGE;
}
