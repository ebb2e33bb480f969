#pragma once
// What the GIMP 3 Compare and Rank dialogs share: starting GIMP's UI, plus the GTK
// pieces both GIMP front-ends use (../gimp_common/dialog_parts.hpp).
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "dialog_parts.hpp"

namespace versus::plugin {

/// gimp_ui_init once per process (GTK 3, GIMP's theme and settings).
void StartUi();

}  // namespace versus::plugin
