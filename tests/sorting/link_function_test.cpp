#include "versus/sorting/link_function.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace versus::sorting {
namespace {

constexpr double kTolerance = 1e-12;

TEST(LinkFunction, EvenOddsAtZero) {
  EXPECT_DOUBLE_EQ(WinProbability(0.0), 0.5);
  EXPECT_DOUBLE_EQ(LogOdds(0.5), 0.0);
}

TEST(LinkFunction, KnownValue) {
  // 3:1 odds: log-odds log 3, probability 3/4.
  EXPECT_NEAR(WinProbability(std::log(3.0)), 0.75, kTolerance);
  EXPECT_NEAR(LogOdds(0.75), std::log(3.0), kTolerance);
}

TEST(LinkFunction, SwappingSidesComplementsTheProbability) {
  for (double x : {-8.0, -1.5, -0.1, 0.3, 2.0, 12.0}) {
    EXPECT_NEAR(WinProbability(x) + WinProbability(-x), 1.0, kTolerance) << x;
  }
}

TEST(LinkFunction, LogOddsInvertsWinProbability) {
  for (double x : {-10.0, -2.5, -0.01, 0.7, 4.0, 9.0}) EXPECT_NEAR(LogOdds(WinProbability(x)), x, 1e-9) << x;
  EXPECT_TRUE(std::isinf(LogOdds(1.0)));
  EXPECT_TRUE(std::isinf(LogOdds(0.0)));
}

TEST(LinkFunction, ModelChoosesLogisticOrProbit) {
  for (double d : {-3.0, -0.4, 0.0, 1.0, 2.5}) {
    EXPECT_EQ(WinProbability(Model::kBradleyTerry, d), WinProbability(d)) << d;
    EXPECT_NEAR(WinProbability(Model::kThurstone, d) + WinProbability(Model::kThurstone, -d), 1.0,
                kTolerance)
        << d;
  }
  // Phi(1) and Phi(-1.96): the probit link is the standard normal CDF.
  EXPECT_NEAR(WinProbability(Model::kThurstone, 1.0), 0.8413447460685429, kTolerance);
  EXPECT_NEAR(NormalCdf(-1.959963984540054), 0.025, 1e-12);
}

}  // namespace
}  // namespace versus::sorting
