#include "dialog_support.hpp"

#include <algorithm>
#include <cstdlib>

namespace versus::plugin {

void StartUi() {
  static bool started = false;
  if (started) return;
  gimp_ui_init("versus-gimp", FALSE);
  started = true;
}

GdkPixbuf* ScaledPixbuf(const RgbaPixels& pixels, double scale) {
  // The pixbuf borrows the vector's bytes only until the scaled copy is made.
  GdkPixbuf* full = gdk_pixbuf_new_from_data(pixels.rgba.data(), GDK_COLORSPACE_RGB, TRUE, 8, pixels.width,
                                             pixels.height, pixels.width * 4, nullptr, nullptr);
  const int width = std::max(1, int(pixels.width * scale + 0.5));
  const int height = std::max(1, int(pixels.height * scale + 0.5));
  GdkPixbuf* scaled = gdk_pixbuf_scale_simple(full, width, height, GDK_INTERP_BILINEAR);
  g_object_unref(full);
  return scaled;
}

void CloseByItselfIfTesting(GtkWidget* dialog) {
  const char* env = std::getenv("VERSUS_GIMP_AUTOCLOSE_MS");
  if (env == nullptr || *env == '\0') return;
  const guint after_ms = guint(std::strtoul(env, nullptr, 10));
  g_timeout_add(after_ms, [](gpointer data) -> gboolean {
    gtk_dialog_response(GTK_DIALOG(data), GTK_RESPONSE_CLOSE);
    return FALSE;
  }, dialog);
}

}  // namespace versus::plugin
