#include "dialog_support.hpp"

namespace versus::plugin {

void StartUi() {
  static bool started = false;
  if (started) return;
  gimp_ui_init("versus-gimp", FALSE);
  started = true;
}

}  // namespace versus::plugin
