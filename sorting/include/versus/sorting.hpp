#pragma once
/// versus::sorting — pairwise judgements in, scores with intervals out.
/// Pure C++20, no image code. See sorting/README.md for the data flow.
#include "versus/sorting/active_sampling.hpp"
#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/error.hpp"
#include "versus/sorting/link_function.hpp"
#include "versus/sorting/pairwise_problem.hpp"
#include "versus/sorting/pairwise_csv.hpp"
#include "versus/sorting/simulation.hpp"
#include "versus/sorting/solver.hpp"
#include "versus/sorting/stars.hpp"
