// versus-gimp: the GIMP 2.10 plug-in executable. GIMP runs it once to learn its
// procedures (query) and again for each call (run); see procedures.hpp.
#include <libgimp/gimp.h>

#include <cstring>
#include <exception>

#include "procedures.hpp"
#include "versus/engine/error.hpp"

namespace {

void Query() {
  versus::plugin::RegisterCompare();
  versus::plugin::RegisterRank();
}

void Run(const gchar* name, gint count, const GimpParam* params, gint* return_count, GimpParam** return_values) {
  using namespace versus::plugin;
  gegl_init(nullptr, nullptr);
  ReturnValues out;
  try {
    if (std::strcmp(name, kCompareProcedure) == 0) {
      RunCompare(params, count, out);
    } else if (std::strcmp(name, kRankProcedure) == 0) {
      RunRank(params, count, out);
    } else {
      out.Fail(std::string("versus-gimp has no procedure called ") + name);
    }
  } catch (const versus::engine::Error& e) {
    out.Fail(e.what());
  } catch (const std::exception& e) {
    // A bug of ours, not the user's input: still a message, never a GIMP error dialog
    // about a crashed plug-in.
    out.Fail(std::string("versus: internal error: ") + e.what());
  }
  out.Hand(return_count, return_values);
}

}  // namespace

const GimpPlugInInfo PLUG_IN_INFO = {nullptr, nullptr, Query, Run};

MAIN()
