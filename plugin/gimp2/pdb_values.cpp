#include "pdb_values.hpp"

#include <algorithm>

#include "procedure_texts.hpp"

namespace versus::plugin {
namespace {

// A copy GIMP may keep: g_new-allocated, never empty (a zero-length g_new is NULL).
template <typename T>
T* GlibCopy(const std::vector<T>& values) {
  T* copy = g_new0(T, std::max<std::size_t>(values.size(), 1));
  std::copy(values.begin(), values.end(), copy);
  return copy;
}

}  // namespace

gchar* PdbText(const char* text) { return const_cast<gchar*>(text); }

void InstallProcedure(const ProcedureInfo& info) {
  gimp_install_procedure(info.name, info.blurb, info.help, kAuthor, kAuthor, kDate, info.menu_label,
                         info.image_types, GIMP_PLUGIN, gint(info.arguments.size()), gint(info.values.size()),
                         info.arguments.data(), info.values.data());
  gimp_plugin_menu_register(info.name, kMenuPath);
}

ReturnValues::ReturnValues() { Push(GIMP_PDB_STATUS).data.d_status = GIMP_PDB_SUCCESS; }

GimpParam& ReturnValues::Push(GimpPDBArgType type) {
  GimpParam& p = values_.emplace_back();
  p = GimpParam{};
  p.type = type;
  return p;
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

void ReturnValues::AddFloat(double value) { Push(GIMP_PDB_FLOAT).data.d_float = value; }
void ReturnValues::AddInt(gint32 value) { Push(GIMP_PDB_INT32).data.d_int32 = value; }
void ReturnValues::AddString(const std::string& value) { Push(GIMP_PDB_STRING).data.d_string = g_strdup(value.c_str()); }

void ReturnValues::AddFloatArray(const std::vector<double>& values) {
  AddInt(gint32(values.size()));
  Push(GIMP_PDB_FLOATARRAY).data.d_floatarray = GlibCopy(values);
}

void ReturnValues::AddIntArray(const std::vector<gint32>& values) {
  AddInt(gint32(values.size()));
  Push(GIMP_PDB_INT32ARRAY).data.d_int32array = GlibCopy(values);
}

void ReturnValues::Hand(gint* count, GimpParam** values) {
  static std::vector<GimpParam> handed;
  handed = values_;
  *count = gint(handed.size());
  *values = handed.data();
}

}  // namespace versus::plugin
