using CoToSweep.Cli;
using CoToSweep.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("cotosweep");
    config.PropagateExceptions();
    config.AddCommand<ValidateCommand>("validate").WithDescription("Check a sweep file; exit 0 valid, 2 invalid.");
    config.AddCommand<ShapleyCommand>("shapley").WithDescription("Shapley values from a table of coalition values (--table; exact or sampled, with error bars).");
    config.AddCommand<RunCommand>("run").WithDescription("Run a sweep in this process (coordinator + local slots); the same file again resumes it.");
    config.AddCommand<ResumeCommand>("resume").WithDescription("Continue an interrupted sweep by id.");
    config.AddCommand<StatusCommand>("status").WithDescription("Sweeps and their progress (--json, --watch).");
    config.AddCommand<LeaderboardCommand>("leaderboard").WithDescription("Ranked results of a sweep (boards trials|configs; table|csv|json|md).");
    config.AddCommand<ReportCommand>("report").WithDescription("Write a sweep's report: report.md with PNG plots (objective, curves, schedules, analyses) and every board (--out DIR).");
    config.AddCommand<CoordinatorCommand>("coordinator").WithDescription("Run a coordinator node of a cluster (the singleton, or a standby with --join).");
    config.AddCommand<WorkerCommand>("worker").WithDescription("Run a worker node: one slot per GPU or CPU slots, pulling trials from the coordinator.");
    config.AddCommand<SubmitCommand>("submit").WithDescription("Validate a sweep file and submit it to a running coordinator.");
    config.AddCommand<HealthCommand>("health").WithDescription("Ask the local node's health endpoint (--health-port): exit 0 live (or --ready), 1 not.");
    config.AddCommand<TrialHostCommand>("trial-host").IsHidden().WithDescription("Run one attempt of a built-in trial in this process (used by the isolated runner).");
    // verbs: one line each, one command class per verb (Commands/<Verb>Command.cs)
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks that print ratios against a baseline measured in the same run.");
        bench.AddCommand<BenchDispatchCommand>("dispatch").WithDescription("Trials/s through the durable embedded coordinator vs an in-memory journal.");
        bench.AddCommand<BenchClusterCommand>("cluster").WithDescription("Trials/s through a coordinator and 2 worker processes vs embedded; kill -9 of a worker to its trial's re-run.");
        bench.AddCommand<BenchTrainingCommand>("training").WithDescription("Adapter-training steps/s, FLOP/s vs a large matmul, time per step at p = 0.5 vs p = 1.");
        bench.AddCommand<BenchShapleyCommand>("shapley").WithDescription("Evaluations each Shapley estimator needs for a relative error, vs antithetic permutations.");
        // bench verbs: one line each (Commands/Bench<Name>Command.cs)
    });
});
Interrupts.Install();
return CliHost.Run(app, args);
