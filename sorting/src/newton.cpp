// Truncated Newton for the MAP scores: Jacobi-preconditioned CG on the Hessian (a
// weighted graph Laplacian plus the prior) and Armijo backtracking.
#include <algorithm>
#include <cmath>

#include "map_solver_pvt.hpp"

namespace versus::sorting::internal {
namespace {

double Dot(const std::vector<double>& x, const std::vector<double>& y) {
  double s = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
  return s;
}

// Jacobi-preconditioned CG for H x = rhs; stops when |r| <= tol. Returns iterations.
int ConjugateGradient(const MapProblem& pr, const std::vector<double>& h,
                      const std::vector<double>& diag, const std::vector<double>& rhs, double tol,
                      int max_iterations, std::vector<double>* x) {
  const std::size_t n = rhs.size();
  x->assign(n, 0.0);
  std::vector<double> r = rhs, z(n), p(n), q(n);
  for (std::size_t i = 0; i < n; ++i) z[i] = r[i] / diag[i];
  p = z;
  double rz = Dot(r, z);
  int k = 0;
  while (k < max_iterations && std::sqrt(Dot(r, r)) > tol) {
    HessianTimes(pr, h, p, &q);
    const double pq = Dot(p, q);
    if (!(pq > 0)) break;
    const double alpha = rz / pq;
    for (std::size_t i = 0; i < n; ++i) {
      (*x)[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      z[i] = r[i] / diag[i];
    }
    const double rz_new = Dot(r, z);
    const double beta = rz_new / rz;
    rz = rz_new;
    for (std::size_t i = 0; i < n; ++i) p[i] = z[i] + beta * p[i];
    ++k;
  }
  return k;
}

// The Jacobi preconditioner: the Hessian's diagonal (1 at fixed items).
void HessianDiagonal(const MapProblem& pr, const std::vector<double>& h, std::vector<double>* diag) {
  const PairTable& t = *pr.pairs;
  for (std::size_t i = 0; i < diag->size(); ++i) (*diag)[i] = pr.fixed[i] ? 1.0 : pr.prior_strength;
  for (std::size_t p = 0; p < h.size(); ++p) {
    (*diag)[t.a[p]] += h[p];
    (*diag)[t.b[p]] += h[p];
  }
}

}  // namespace

void NewtonSolve(const MapProblem& pr, const SolverOptions& st, std::vector<double>* s_io,
                 SolverSummary* sum) {
  std::vector<double>& s = *s_io;
  const std::size_t n = s.size();
  const std::vector<double> item_weight = ItemWeights(*pr.pairs);
  std::vector<double> g, h, g_trial, h_trial, step, trial(n), diag(n), rhs(n);
  double f = Evaluate(pr, s, &g, &h);
  sum->initial_cost = sum->final_cost = f;
  double gnorm = ScaledGradientNorm(pr, g, item_weight);
  sum->final_gradient_max_norm = gnorm;
  const double g0 = std::sqrt(Dot(g, g));
  for (int it = 1;; ++it) {
    if (StopBeforeStep(it, f, gnorm, st, sum)) break;
    // Newton step H p = -g, solved inexactly: forcing term eta = min(0.5, sqrt(|g|/|g0|))
    // gives superlinear convergence without over-solving far from the optimum.
    HessianDiagonal(pr, h, &diag);
    for (std::size_t i = 0; i < n; ++i) rhs[i] = -g[i];
    const double gl2 = std::sqrt(Dot(g, g));
    const double eta = std::min(0.5, std::sqrt(gl2 / std::max(g0, 1e-300)));
    const int cg = ConjugateGradient(pr, h, diag, rhs, eta * gl2,
                                     st.max_linear_solver_iterations, &step);
    sum->linear_solver_iterations += cg;
    // Armijo backtracking: f(s + a p) <= f + 1e-4 a g.p, halving a.
    const double slope = Dot(g, step);
    // Newton decrement: the full step would lower f by about -slope/2. Below rounding
    // (function_tolerance) no line search can succeed: converged.
    if (-0.5 * slope <= st.function_tolerance * (1.0 + std::fabs(f))) {
      sum->iterations = it;
      sum->termination = TerminationType::kFunctionTolerance;
      break;
    }
    double alpha = 1.0, f_trial = f;
    bool accepted = false;
    if (slope < 0) {
      // At most 20 halvings: near the optimum a failed Armijo test means rounding noise.
      for (int ls = 0; ls < 20; ++ls, alpha *= 0.5) {
        for (std::size_t i = 0; i < n; ++i) trial[i] = s[i] + alpha * step[i];
        f_trial = Evaluate(pr, trial, &g_trial, &h_trial);
        if (f_trial <= f + 1e-4 * alpha * slope) {
          accepted = true;
          break;
        }
      }
    }
    double change = 0.0;
    if (accepted) {
      for (std::size_t i = 0; i < n; ++i) change = std::max(change, std::fabs(trial[i] - s[i]));
      s.swap(trial);
      g.swap(g_trial);
      h.swap(h_trial);
    }
    const double f_old = f;
    if (accepted) f = f_trial;
    gnorm = ScaledGradientNorm(pr, g, item_weight);
    if (StopAfterStep({it, f, gnorm, change, cg}, st, sum)) break;
    if (std::fabs(f_old - f) <= st.function_tolerance * (1.0 + std::fabs(f_old))) {
      sum->termination = TerminationType::kFunctionTolerance;
      break;
    }
    if (change <= st.parameter_tolerance) {
      // Includes "no descent step found": we are at the optimum to rounding.
      sum->termination = TerminationType::kParameterTolerance;
      break;
    }
  }
}

}  // namespace versus::sorting::internal
