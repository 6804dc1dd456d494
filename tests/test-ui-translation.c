/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Under a German locale the window speaks German: strings from .ui
 * templates, from C code and from the core's mode table all come from the
 * compiled catalogue in the build tree (po/de). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "spark-composer.h"
#include "spark-sidebar.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"

static void
test_window_in_german (void)
{
  g_autoptr (SparkFakeService) service = spark_fake_service_new (NULL);
  g_autoptr (SparkApplication) app = spark_ui_test_app_new (service);
  SparkWindow    *window = spark_ui_test_get_window (app);
  AdwStatusPage  *empty = ADW_STATUS_PAGE (spark_ui_test_child (window, SPARK_TYPE_WINDOW, "chat_empty_page"));
  AdwWindowTitle *title = ADW_WINDOW_TITLE (spark_ui_test_child (window, SPARK_TYPE_WINDOW, "chat_title"));
  GtkSearchEntry *search = GTK_SEARCH_ENTRY (spark_ui_test_child (spark_ui_test_child (window, SPARK_TYPE_WINDOW, "sidebar"), SPARK_TYPE_SIDEBAR, "search_entry"));
  SparkComposer  *composer = SPARK_COMPOSER (spark_ui_test_child (window, SPARK_TYPE_WINDOW, "composer"));
  GtkDropDown    *mode = GTK_DROP_DOWN (spark_ui_test_child (composer, SPARK_TYPE_COMPOSER, "mode_dropdown"));
  g_autoptr (GtkStringObject) travel = g_list_model_get_item (gtk_drop_down_get_model (mode), SPARK_MODE_TRAVEL);
  g_autofree char *placeholder = NULL;

  /* From a .ui template. */
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Stellen Sie eine Frage");
  g_object_get (search, "placeholder-text", &placeholder, NULL);
  g_assert_cmpstr (placeholder, ==, "Unterhaltungen durchsuchen");
  /* From C code in the UI. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-chat", NULL);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Neuer Chat");
  /* From the core's mode table (N_() there, gettext() where shown). */
  g_assert_cmpstr (gtk_string_object_get_string (travel), ==, "Reisen");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SPARK_TEST_LOCALEDIR");

  /* LANGUAGE=de with the C.UTF-8 locale is enough for gettext, and needs
   * no generated locales on the machine. */
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/translation/german", test_window_in_german);
  return g_test_run ();
}
