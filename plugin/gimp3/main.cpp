// versus-gimp3: the GIMP 3 plug-in executable. GIMP 3 asks a GimpPlugIn subclass (a
// GObject type) which procedures it has and for each one's definition; the procedures
// themselves are in compare_procedure.cpp and rank_procedure.cpp.
#include <libgimp/gimp.h>

#include <cstring>

#include "procedures.hpp"

namespace {

struct VersusPlugIn {
  GimpPlugIn parent_instance;
};

struct VersusPlugInClass {
  GimpPlugInClass parent_class;
};

GList* QueryProcedures(GimpPlugIn*) {
  GList* names = g_list_append(nullptr, g_strdup(versus::plugin::kCompareProcedure));
  return g_list_append(names, g_strdup(versus::plugin::kRankProcedure));
}

GimpProcedure* CreateProcedure(GimpPlugIn* plug_in, const gchar* name) {
  using namespace versus::plugin;
  if (std::strcmp(name, kCompareProcedure) == 0) return CreateCompare(plug_in);
  if (std::strcmp(name, kRankProcedure) == 0) return CreateRank(plug_in);
  return nullptr;
}

// The texts are English only: no translation catalogue to look for.
gboolean NoTranslations(GimpPlugIn*, const gchar*, gchar**, gchar**) { return FALSE; }

}  // namespace

G_DEFINE_TYPE(VersusPlugIn, versus_plug_in, GIMP_TYPE_PLUG_IN)

static void versus_plug_in_class_init(VersusPlugInClass* klass) {
  GimpPlugInClass* plug_in_class = GIMP_PLUG_IN_CLASS(klass);
  plug_in_class->query_procedures = QueryProcedures;
  plug_in_class->create_procedure = CreateProcedure;
  plug_in_class->set_i18n = NoTranslations;
}

static void versus_plug_in_init(VersusPlugIn*) {}

GIMP_MAIN(versus_plug_in_get_type())
