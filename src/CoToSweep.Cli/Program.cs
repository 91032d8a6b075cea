using CoToSweep.Cli;
using CoToSweep.Cli.Parsing;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("cotosweep");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.UseAssemblyInformationalVersion();
    // verbs: one entry each in Parsing/Verbs.cs, one command class per verb (Commands/<Verb>Command.cs)
    Verbs.Register(config);
});
Interrupts.Install();
return CliHost.Run(app, args);
