#pragma once
// The plug-in's PDB procedures: each registers itself (name, arguments, return values,
// menu entry) and runs in the three run modes. Errors reach the caller through
// ReturnValues::Fail, never a crash.
#include <libgimp/gimp.h>

#include "pdb_values.hpp"
#include "procedure_texts.hpp"

namespace versus::plugin {

void RegisterCompare();
void RegisterRank();

/// `params` as GIMP passed them to run(); throws engine::Error for anything the user
/// should read (the caller turns it into a failed status with the message).
void RunCompare(const GimpParam* params, gint count, ReturnValues& out);
void RunRank(const GimpParam* params, gint count, ReturnValues& out);

}  // namespace versus::plugin
