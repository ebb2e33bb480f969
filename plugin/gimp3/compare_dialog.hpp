#pragma once
// Filters > versus > Compare... in GIMP 3 (GTK 3): two edits side by side at one zoom,
// the verdict, one bar per dimension and the reason, recomputed whenever the user picks
// another layer.
#include <libgimp/gimp.h>

#include <optional>

#include "edit_comparison.hpp"

namespace versus::plugin {

/// Shows the dialog starting on drawables A (left) and B (right); blocks until it is
/// closed. Returns the verdict on the pair shown last (A = left), or nothing if that
/// pair could not be judged (the dialog said why).
std::optional<engine::Verdict> RunCompareDialog(const EditJudge& judge, GimpDrawable* drawable_a,
                                                GimpDrawable* drawable_b);

}  // namespace versus::plugin
