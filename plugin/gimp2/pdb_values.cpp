#include "pdb_values.hpp"

#include <algorithm>

namespace versus::plugin {

ReturnValues::ReturnValues() {
  GimpParam status{};
  status.type = GIMP_PDB_STATUS;
  status.data.d_status = GIMP_PDB_SUCCESS;
  values_.push_back(status);
}

void ReturnValues::Fail(const std::string& message) {
  values_.resize(1);
  values_[0].data.d_status = GIMP_PDB_EXECUTION_ERROR;
  AddString(message);
}

void ReturnValues::Cancel() {
  values_.resize(1);
  values_[0].data.d_status = GIMP_PDB_CANCEL;
}

void ReturnValues::AddFloat(double value) {
  GimpParam p{};
  p.type = GIMP_PDB_FLOAT;
  p.data.d_float = value;
  values_.push_back(p);
}

void ReturnValues::AddInt(gint32 value) {
  GimpParam p{};
  p.type = GIMP_PDB_INT32;
  p.data.d_int32 = value;
  values_.push_back(p);
}

void ReturnValues::AddString(const std::string& value) {
  GimpParam p{};
  p.type = GIMP_PDB_STRING;
  p.data.d_string = g_strdup(value.c_str());
  values_.push_back(p);
}

void ReturnValues::AddFloatArray(const std::vector<double>& values) {
  AddInt(gint32(values.size()));
  GimpParam p{};
  p.type = GIMP_PDB_FLOATARRAY;
  p.data.d_floatarray = g_new0(gdouble, std::max<std::size_t>(values.size(), 1));
  std::copy(values.begin(), values.end(), p.data.d_floatarray);
  values_.push_back(p);
}

void ReturnValues::AddIntArray(const std::vector<gint32>& values) {
  AddInt(gint32(values.size()));
  GimpParam p{};
  p.type = GIMP_PDB_INT32ARRAY;
  p.data.d_int32array = g_new0(gint32, std::max<std::size_t>(values.size(), 1));
  std::copy(values.begin(), values.end(), p.data.d_int32array);
  values_.push_back(p);
}

void ReturnValues::Hand(gint* count, GimpParam** values) {
  static std::vector<GimpParam> handed;
  handed = values_;
  *count = gint(handed.size());
  *values = handed.data();
}

}  // namespace versus::plugin
