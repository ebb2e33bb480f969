#pragma once
// A GIMP 2.10 procedure's return values, built in order. libgimp sends them after run()
// returns and never frees them, so they live in static storage until the plug-in exits.
#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace versus::plugin {

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
  std::vector<GimpParam> values_;
};

}  // namespace versus::plugin
