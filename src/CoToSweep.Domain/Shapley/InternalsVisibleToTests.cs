using System.Runtime.CompilerServices;

// The Shapley tests check internal pieces (the surrogate's closed forms) directly, not only through estimates.
[assembly: InternalsVisibleTo("CoToSweep.Domain.Tests")]
