#pragma once
// What the Compare and Rank dialogs share: starting GIMP's UI, pictures of pixels, and
// the test hook that closes a dialog on its own.
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "edit_comparison.hpp"

namespace versus::plugin {

/// gimp_ui_init once per process (GTK, GIMP's theme and settings).
void StartUi();

/// A new pixbuf of `pixels` scaled by `scale` (<= 1); the caller unrefs it.
GdkPixbuf* ScaledPixbuf(const RgbaPixels& pixels, double scale);

/// Test hook: if $VERSUS_GIMP_AUTOCLOSE_MS is a number N, the dialog answers
/// GTK_RESPONSE_CLOSE by itself N ms after it is shown, so a headless test (Xvfb) can
/// take a screenshot of a real dialog and GIMP carries on. Unset: nothing happens.
void CloseByItselfIfTesting(GtkWidget* dialog);

}  // namespace versus::plugin
