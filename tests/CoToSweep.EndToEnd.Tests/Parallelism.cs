// Most of these tests wait on the processes they start (a trial that waits for a file, a worker that joins, a sweep
// that drains), so one more test class at a time than the machine has cores keeps the run well under CI's 20 minutes.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 3)]
