#include "procedures.hpp"

#include <exception>
#include <string>

#include "versus/engine/error.hpp"

namespace versus::plugin {

GimpValueArray* RunGuarded(GimpProcedure* procedure, const std::function<GimpValueArray*()>& body) {
  std::string message;
  try {
    return body();
  } catch (const engine::Error& e) {
    message = e.what();
  } catch (const std::exception& e) {
    // A bug of ours, not the user's input: still a message, never a crashed plug-in.
    message = std::string("versus: internal error: ") + e.what();
  }
  return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR,
                                          g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, message.c_str()));
}

void Describe(GimpProcedure* procedure, const char* blurb, const char* help, const char* menu_label) {
  gimp_procedure_set_documentation(procedure, blurb, help, gimp_procedure_get_name(procedure));
  gimp_procedure_set_attribution(procedure, kAuthor, kAuthor, kDate);
  gimp_procedure_set_menu_label(procedure, menu_label);
  gimp_procedure_add_menu_path(procedure, kMenuPath);
}

}  // namespace versus::plugin
