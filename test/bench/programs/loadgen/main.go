// loadgen records a large, busy execution trace for benchmarks: many goroutines passing messages,
// contending on locks, allocating, sleeping and doing small syscalls, for a given duration.
//
//	go run . -o trace.out -d 10s -g 400
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	out := flag.String("o", "trace.out", "output trace file")
	dur := flag.Duration("d", 10*time.Second, "how long to run")
	workers := flag.Int("g", 400, "number of worker goroutines")
	flag.Parse()

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}
	defer trace.Stop()

	ctx, task := trace.NewTask(context.Background(), "load")
	defer task.End()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	shared := map[int]int{}
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	ring := make([]chan int, *workers)
	for i := range ring {
		ring[i] = make(chan int, 1)
	}
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			in, next := ring[i], ring[(i+1)%len(ring)]
			buf := []byte("x")
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				case v := <-in:
					select {
					case next <- v + 1:
					default:
					}
				case <-time.After(50 * time.Microsecond):
					select {
					case next <- n:
					default:
					}
				}
				if n%8 == 0 {
					mu.Lock()
					shared[n%97]++
					mu.Unlock()
				}
				if n%16 == 0 {
					_ = make([]byte, 4096+n%4096)
				}
				if n%64 == 0 {
					devnull.Write(buf)
				}
				if n%256 == 0 {
					trace.WithRegion(ctx, "tick", func() { time.Sleep(10 * time.Microsecond) })
				}
			}
		}(i)
	}
	time.Sleep(*dur)
	close(stop)
	wg.Wait()
}
