#pragma once
// Talking to GIMP 2.10's PDB: installing a procedure, and its return values built in order. libgimp sends them after run()
// returns and never frees them, so they live in static storage until the plug-in exits.
#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace versus::plugin {

/// GIMP 2.10's GimpParamDef takes non-const strings it never writes.
gchar* PdbText(const char* text);

/// What GIMP lists about a procedure (Help > Procedure Browser) and where its menu
/// entry goes (always Filters > versus).
struct ProcedureInfo {
  const char* name;
  const char* blurb;
  const char* help;
  const char* menu_label;
  const char* image_types;  ///< "" = enabled with no image open
  std::vector<GimpParamDef> arguments;
  std::vector<GimpParamDef> values;
};

/// gimp_install_procedure + the Filters > versus menu entry (query() time).
void InstallProcedure(const ProcedureInfo& info);

class ReturnValues {
 public:
  ReturnValues();
  /// Status EXECUTION_ERROR plus the message GIMP shows (Script-Fu: "... failed: <message>").
  void Fail(const std::string& message);
  /// Status CANCEL: the user closed a dialog without a result.
  void Cancel();
  void AddFloat(double value);
  void AddInt(gint32 value);
  void AddString(const std::string& value);
  /// GIMP 2.10 arrays travel as an INT32 count followed by the array.
  void AddFloatArray(const std::vector<double>& values);
  void AddIntArray(const std::vector<gint32>& values);
  /// Hands the values to libgimp (run()'s out-parameters).
  void Hand(gint* count, GimpParam** values);

 private:
  GimpParam& Push(GimpPDBArgType type);
  std::vector<GimpParam> values_;
};

}  // namespace versus::plugin
