#pragma once
// What the Compare and Rank dialogs share: starting GIMP's UI, plus the GTK pieces both
// GIMP front-ends use (../gimp_common/dialog_parts.hpp: pictures of pixels, bars, the test hook
// that closes a dialog on its own).
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "dialog_parts.hpp"

namespace versus::plugin {

/// gimp_ui_init once per process (GTK, GIMP's theme and settings).
void StartUi();

}  // namespace versus::plugin
