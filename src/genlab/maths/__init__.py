"""The advanced-mathematics labs (roadmap milestone 12): small experiments whose answer is
known exactly, so a learner can see where an approximation is right and where it is not."""
