#include "dialog_support.hpp"

namespace versus::plugin {

void StartUi() {
  static bool started = false;
  if (started) return;
  gimp_ui_init("versus-gimp3");
  started = true;
}

}  // namespace versus::plugin
