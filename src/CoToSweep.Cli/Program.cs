using CoToSweep.Cli;
using CoToSweep.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("cotosweep");
    config.PropagateExceptions();
    config.AddCommand<ValidateCommand>("validate").WithDescription("Check a sweep file; exit 0 valid, 2 invalid.");
    // verbs: one line each, one command class per verb (Commands/<Verb>Command.cs)
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks that print ratios against a baseline measured in the same run.");
        // bench verbs: one line each (Commands/Bench<Name>Command.cs)
    });
});
return CliHost.Run(app, args);
