#pragma once
// The plug-in's two PDB procedures in GIMP 3: each defines itself (arguments, return
// values, menu entry; texts shared with GIMP 2.10 in procedure_texts.hpp) and runs in
// the run modes. Errors reach the caller as a failed status with the message, never a
// crash.
#include <libgimp/gimp.h>

#include <functional>

#include "procedure_texts.hpp"

namespace versus::plugin {

/// plug-in-versus-compare: an image procedure (run-mode, image, drawables: edit A, as
/// GIMP 3 passes the current layer) plus image-b and drawable-b (edit B).
GimpProcedure* CreateCompare(GimpPlugIn* plug_in);
/// plug-in-versus-rank: run-mode only; works on every open image.
GimpProcedure* CreateRank(GimpPlugIn* plug_in);

/// Runs `body`; an engine::Error (the user's input) or any other exception (our bug)
/// becomes an EXECUTION_ERROR with the message (Script-Fu: "... failed: <message>").
GimpValueArray* RunGuarded(GimpProcedure* procedure, const std::function<GimpValueArray*()>& body);

/// gimp_procedure_set_* shared by both procedures: documentation, attribution, menu.
void Describe(GimpProcedure* procedure, const char* blurb, const char* help, const char* menu_label);

}  // namespace versus::plugin
