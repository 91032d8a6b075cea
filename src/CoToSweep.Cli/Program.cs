using CoToSweep.Cli;
using CoToSweep.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("cotosweep");
    config.PropagateExceptions();
    config.AddCommand<ValidateCommand>("validate").WithDescription("Check a sweep file; exit 0 valid, 2 invalid.");
});
return CliHost.Run(app, args);
